#!/bin/sh
# Builds the Go memberlist reference peer (src/test/go/mlpeer) in GOPATH mode against Debian's
# golang-github-hashicorp-memberlist-dev; no module proxy, works offline.
# Usage: build-peer.sh [OUT_DIR]   (default: <module>/target/go-peer); prints the binary path.
# Prerequisite: apt-get install -y golang-go golang-github-hashicorp-memberlist-dev
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
MODULE=$(cd "$HERE/../../.." && pwd)
PEER_DIR=${1:-$MODULE/target/go-peer}
command -v go >/dev/null 2>&1 || { echo "go not found: apt-get install -y golang-go" >&2; exit 2; }
GOCODE=$(dpkg -L golang-github-hashicorp-memberlist-dev 2>/dev/null | sed -n 's#/src/github.com/hashicorp/memberlist$##p' | head -n 1)
[ -n "$GOCODE" ] || { echo "golang-github-hashicorp-memberlist-dev not installed" >&2; exit 2; }
mkdir -p "$PEER_DIR/src/mlpeer"
cp "$HERE/mlpeer/main.go" "$PEER_DIR/src/mlpeer/main.go"
cd "$PEER_DIR"
env GO111MODULE=off GOPATH="$PEER_DIR:$GOCODE" GOCACHE="$PEER_DIR/.cache" GOFLAGS= \
    go build -o "$PEER_DIR/mlpeer" mlpeer
echo "$PEER_DIR/mlpeer"
