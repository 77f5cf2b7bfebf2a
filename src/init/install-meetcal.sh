#!/bin/sh
# Installs meetcal @VERSION@, the version this calendar is built with, as
# .meetcal/bin/meetcal: the release binary for this platform, used only if it
# matches its published SHA-256 checksum, or else built from source with cargo.
# netlify.toml and .github/workflows/ run it before every build; so can you.
# To upgrade meetcal, change the version below.
#
# Environment:
#   MEETCAL_CACHE        a folder the host keeps between builds: the binary is
#                        kept there and reused, so a build takes seconds
#   MEETCAL_RELEASE_URL  where the release files are (default: the release
#                        of this version on GitHub)
set -eu

version=@VERSION@
repository=@REPOSITORY@
release_url=${MEETCAL_RELEASE_URL:-$repository/releases/download/v$version}
dest=.meetcal/bin
cache=${MEETCAL_CACHE:-}

say() { printf 'install-meetcal: %s\n' "$*" >&2; }

# Whether $1/meetcal is this version and runs here.
installed() {
  [ -x "$1/meetcal" ] && "$1/meetcal" --version 2>/dev/null | grep -q "^meetcal $version "
}

# The release archive's target for this machine (a static binary on Linux).
platform() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64 | Linux-amd64) echo x86_64-unknown-linux-musl ;;
    Linux-aarch64 | Linux-arm64) echo aarch64-unknown-linux-gnu ;;
    Darwin-x86_64) echo x86_64-apple-darwin ;;
    Darwin-arm64) echo aarch64-apple-darwin ;;
    *) return 1 ;;
  esac
}

fetch() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 3 -o "$2" "$1"
  else
    wget -q -O "$2" "$1"
  fi
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

if installed "$dest"; then
  say "meetcal $version is installed"
  exit 0
fi
if [ -n "$cache" ] && installed "$cache/$version"; then
  mkdir -p "$dest"
  cp "$cache/$version/meetcal" "$dest/meetcal"
  say "meetcal $version copied from the build cache"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if target=$(platform) &&
  fetch "$release_url/meetcal-$target.tar.gz" "$work/meetcal-$target.tar.gz" &&
  fetch "$release_url/meetcal-$target.sha256" "$work/meetcal-$target.sha256"; then
  # The checksum file lists `<sha256>  <archive>`.
  expected=$(awk -v archive="meetcal-$target.tar.gz" \
    '$2 == archive || $2 == "*" archive { print $1 }' "$work/meetcal-$target.sha256")
  actual=$(sha256 "$work/meetcal-$target.tar.gz")
  if [ -z "$expected" ] || [ "$actual" != "$expected" ]; then
    say "refusing meetcal-$target.tar.gz from $release_url: its SHA-256 checksum is $actual, the release's checksum file says ${expected:-nothing}"
    exit 1
  fi
  tar -xzf "$work/meetcal-$target.tar.gz" -C "$work" meetcal
  mkdir -p "$dest"
  mv "$work/meetcal" "$dest/meetcal"
  say "meetcal $version installed from the release for $target"
else
  say "no meetcal $version release binary for this platform at $release_url: building it from source (a few minutes)"
  cargo install --locked --quiet --git "$repository" --tag "v$version" --root .meetcal meetcal
fi
if ! installed "$dest"; then
  say "$dest/meetcal does not run here or is not version $version"
  exit 1
fi
if [ -n "$cache" ]; then
  mkdir -p "$cache/$version"
  cp "$dest/meetcal" "$cache/$version/meetcal.new"
  mv "$cache/$version/meetcal.new" "$cache/$version/meetcal"
fi
