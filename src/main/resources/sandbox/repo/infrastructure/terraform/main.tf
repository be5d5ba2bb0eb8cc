terraform {
  required_version = ">= 1.11"
  # Partial configuration: bucket and key come from backend-<env>.hcl via -backend-config.
  backend "s3" {}
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "environment" { type = string }
variable "memory_size" { type = number }

resource "aws_iam_role" "lambda" {
  name               = "sentiment-analyzer-${var.environment}-lambda"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}

resource "aws_lambda_function" "analyzer" {
  function_name    = "sentiment-analyzer-${var.environment}"
  role             = aws_iam_role.lambda.arn
  runtime          = "python3.12"
  handler          = "handler.handle"
  filename         = "${path.module}/../../dist/analyzer.zip"
  source_code_hash = filebase64sha256("${path.module}/../../dist/analyzer.zip")
  memory_size      = var.memory_size
}
