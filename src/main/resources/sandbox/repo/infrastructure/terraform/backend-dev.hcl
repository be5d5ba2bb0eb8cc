# terraform init -backend-config=backend-dev.hcl
bucket       = "sentiment-analyzer-terraform-state-sandbox"
key          = "dev/terraform.tfstate"
region       = "us-east-1"
encrypt      = true
use_lockfile = true
