# typst.sh: Typst for the benchmarks (sourced by run.sh and spacing.sh, never run itself).
# `typst_setup W` installs the npm package @myriaddreamin/typst-ts-node-compiler, at the version
# pinned by bench/typst/package-lock.json (`npm ci`), into W/node_modules when npm is there and it
# is missing, puts typst-pdf.cjs beside it (node looks for the package from the script's folder),
# and sets TYPST_OK=1 when it can be used, else 0.
# Then: node W/typst-pdf.cjs MAIN.typ OUT.pdf FONTDIR WORKSPACE.
typst_setup() {
  local w=$1 pkg=$1/node_modules/@myriaddreamin/typst-ts-node-compiler
  TYPST_OK=0
  local here
  here=$(dirname "${BASH_SOURCE[0]}")/typst
  cp "$here/typst-pdf.cjs" "$w/"
  command -v npm >/dev/null || return 0
  if [ ! -d "$pkg" ]; then
    cp "$here/package.json" "$here/package-lock.json" "$w/"
    (cd "$w" && npm ci --no-audit --no-fund --silent >&2) ||
      echo "npm install failed; no Typst figures" >&2
  fi
  [ -d "$pkg" ] && TYPST_OK=1
  return 0
}
