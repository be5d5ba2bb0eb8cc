environment = "preprod"
memory_size = 512
