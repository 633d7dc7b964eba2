#!/usr/bin/env bash
# Build times of a VM crate outside this workspace, as its author sees them: the first build in
# its own target directory (dependencies included) and the rebuild after a one-line edit of an
# opcode, in the test and release profiles.
#
# usage: benches/build_times.sh FRAMEWORK_DIR CRATE_DIR 'SED_EDIT_OF_src/lib.rs'
# e.g.   benches/build_times.sh "$PWD/framework" examples/vending 's/"paid/"paid_x/'
set -euo pipefail
framework=$(realpath "$1") crate=$(realpath "$2") edit=$3
dir=$(mktemp -d)
cp -r "$crate"/{Cargo.toml,src,tests} "$dir"/
cp "$framework/../Cargo.lock" "$dir"/
sed -i "s#^appvm = .*#appvm = { path = \"$framework\" }#" "$dir/Cargo.toml"
mkdir -p "$dir/.cargo" && cp "$framework/../.cargo/config.toml" "$dir/.cargo/"
cd "$dir"
seconds() {
    local start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    echo "$(date +%s.%N) - $start" | bc
}
first_test=$(seconds cargo test --no-run)
sed -i "$edit" src/lib.rs
rebuild_test=$(seconds cargo test --no-run)
first_release=$(seconds cargo test --release --no-run)
sed -i "$edit" src/lib.rs
rebuild_release=$(seconds cargo test --release --no-run)
printf "first build (test) %.1f s, rebuild (test) %.1f s, first build (release) %.1f s, rebuild (release) %.1f s; load %s\n" \
    "$first_test" "$rebuild_test" "$first_release" "$rebuild_release" "$(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$dir"
