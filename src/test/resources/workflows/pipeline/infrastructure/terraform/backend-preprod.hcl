# Terraform state for preprod; pass with -backend-config=backend-preprod.hcl
bucket       = "sentiment-analyzer-terraform-state-218795110243"
key          = "preprod/terraform.tfstate"
region       = "us-east-1"
encrypt      = true
use_lockfile = true  // S3 native lock file: preprod/terraform.tfstate.tflock
