environment = "dev"
memory_size = 512
