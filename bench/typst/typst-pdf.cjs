// typst-pdf.cjs MAIN.typ OUT.pdf FONTDIR WORKSPACE: compiles with typst.ts, writes the PDF.
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');
const fs = require('fs');
const [main, out, fontdir, workspace] = process.argv.slice(2);
const c = NodeCompiler.create({ workspace, fontArgs: [{ fontPaths: [fontdir] }] });
const r = c.compile({ mainFilePath: main });
if (!r.result) {
  console.error(JSON.stringify(c.fetchDiagnostics(r.takeDiagnostics()), null, 1).slice(0, 3000));
  process.exit(1);
}
fs.writeFileSync(out, c.pdf(r.result));
