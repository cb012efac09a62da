#!/usr/bin/env bash
# Sets up autoclip on a fresh machine: ffmpeg and ffprobe, then the npm packages.
# ffmpeg-static (an optional npm dependency) downloads ffmpeg where it can; where
# it cannot, or where ffprobe is missing, the system's package manager provides both.
set -euo pipefail
cd "$(dirname "$0")/.."

have() { command -v "$1" >/dev/null 2>&1; }

if [ -z "${FFMPEG_PATH:-}" ] && { ! have ffmpeg || ! have ffprobe; }; then
  echo "setup: ffmpeg/ffprobe not found on PATH; installing them"
  if have apt-get; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
      if have sudo; then SUDO="sudo"; else echo "setup: run as root or install ffmpeg yourself (apt-get install ffmpeg)"; exit 1; fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq ffmpeg >/dev/null
  elif have brew; then
    brew install ffmpeg
  else
    echo "setup: install ffmpeg and ffprobe (or set FFMPEG_PATH and FFPROBE_PATH), then run this again"
    exit 1
  fi
fi

echo "setup: npm ci"
npm ci --no-audit --no-fund
echo "setup: done ($(ffmpeg -hide_banner -version 2>/dev/null | head -1 || echo "ffmpeg at \$FFMPEG_PATH"))"
