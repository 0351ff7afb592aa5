#!/usr/bin/env bash
# Refresh the README's screenshots (docs/screenshots/*.png) from the sample
# site with headless Chromium. Needs: apt-get install -y chromium fonts-wqy-microhei
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./internal/cmd/screenshots -out docs/screenshots "$@"
