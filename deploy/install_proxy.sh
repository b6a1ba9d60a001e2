#!/usr/bin/env bash
# Install configurable-http-proxy (JupyterHub's proxy) from the npm registry
# into deploy/proxy/node_modules, exactly the versions in package-lock.json.
# Used by the local hub test and benchmark (tests/hub/, benchmarks/hub_load.py);
# needs Node 20 or newer and npm.
set -euo pipefail
cd "$(dirname "$0")/proxy"
npm ci --no-audit --no-fund --loglevel=error
./node_modules/.bin/configurable-http-proxy --version
