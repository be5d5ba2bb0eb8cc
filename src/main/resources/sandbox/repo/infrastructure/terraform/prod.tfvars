environment = "prod"
memory_size = 1024
