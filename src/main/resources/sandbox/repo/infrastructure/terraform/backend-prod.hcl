# terraform init -backend-config=backend-prod.hcl
bucket       = "sentiment-analyzer-terraform-state-sandbox"
key          = "prod/terraform.tfstate"
region       = "us-east-1"
encrypt      = true
use_lockfile = true
