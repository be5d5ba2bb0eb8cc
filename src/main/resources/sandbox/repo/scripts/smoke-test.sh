#!/usr/bin/env bash
# Calls the deployed analyzer once and checks the answer.
set -euo pipefail
env="${1:?environment}"
aws lambda invoke --function-name "sentiment-analyzer-${env}" --payload '{"text":"great"}' /tmp/out.json
jq -e '.sentiment == "positive"' /tmp/out.json
