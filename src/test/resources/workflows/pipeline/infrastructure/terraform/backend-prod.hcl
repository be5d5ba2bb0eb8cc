# Terraform state for prod; pass with -backend-config=backend-prod.hcl
bucket       = "sentiment-analyzer-terraform-state-218795110243"
key          = "prod/terraform.tfstate"
region       = "us-east-1"
encrypt      = true
use_lockfile = true  // S3 native lock file: prod/terraform.tfstate.tflock
