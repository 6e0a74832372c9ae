# typst.sh: Typst for the benchmarks (sourced by run.sh and spacing.sh, never run itself).
# `typst_setup W` installs the npm package @myriaddreamin/typst-ts-node-compiler into
# W/node_modules when npm is there and it is missing, puts typst-pdf.cjs beside it (node looks
# for the package from the script's folder), and sets TYPST_OK=1 when it can be used, else 0.
# Then: node W/typst-pdf.cjs MAIN.typ OUT.pdf FONTDIR WORKSPACE.
typst_setup() {
  local w=$1 pkg=$1/node_modules/@myriaddreamin/typst-ts-node-compiler
  TYPST_OK=0
  cp "$(dirname "${BASH_SOURCE[0]}")/typst-pdf.cjs" "$w/"
  command -v npm >/dev/null || return 0
  if [ ! -d "$pkg" ]; then
    (cd "$w" && npm install --no-audit --no-fund --silent @myriaddreamin/typst-ts-node-compiler >&2) ||
      echo "npm install failed; no Typst figures" >&2
  fi
  [ -d "$pkg" ] && TYPST_OK=1
  return 0
}
