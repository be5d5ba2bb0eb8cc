# terraform init -backend-config=backend-preprod.hcl
bucket       = "sentiment-analyzer-terraform-state-sandbox"
key          = "preprod/terraform.tfstate"
region       = "us-east-1"
encrypt      = true
use_lockfile = true
