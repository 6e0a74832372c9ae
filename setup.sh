#!/usr/bin/env bash
# setup.sh: the quick start's first command. Installs the Debian packages hanji needs (when
# missing), configures and builds hanji in build/, and builds the sample book into out/.
# Usage: ./setup.sh            (as root, or as a user who may sudo)
set -euo pipefail
cd "$(dirname "$0")"

# Build dependencies, then what the tests use to check outputs with tools we did not write.
PACKAGES=(
  gcc make cmake pkg-config git
  libhpdf-dev libzip-dev zlib1g-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev
  libhyphen-dev hyphen-en-us hyphen-en-gb hyphen-de hyphen-fr libunibreak-dev
  libharfbuzz-dev libpng-dev libjpeg-dev
  epubcheck default-jre-headless qpdf poppler-utils mupdf-tools python3 unzip
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
ln -sf build/compile_commands.json compile_commands.json
./build/hanji build . -o out
