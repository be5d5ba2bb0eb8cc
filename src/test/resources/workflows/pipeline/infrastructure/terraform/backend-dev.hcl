# Terraform state for dev; pass with -backend-config=backend-dev.hcl
bucket       = "sentiment-analyzer-terraform-state-218795110243"
key          = "dev/terraform.tfstate"
region       = "us-east-1"
encrypt      = true
use_lockfile = true  // S3 native lock file: dev/terraform.tfstate.tflock
