// The original NanoDet graph (human-models' TF.js files) run by TensorFlow.js's
// own CPU backend on the converter's fixed input; writes the three head maps
// (the inputs of the graph's SplitV nodes, as the ONNX model outputs them)
// as raw float32. The C++ test ObjectModel.ConvertedGraphMatchesTheOriginal
// compares the ONNX model against these.
//
//   node run_original.js MODEL.json INPUT.f32 OUT_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const converter = require('@tensorflow/tfjs-converter');

async function main() {
  const [jsonPath, inputPath, outDir] = process.argv.slice(2);
  await tf.setBackend('cpu');
  const model = JSON.parse(fs.readFileSync(jsonPath));
  const group = model.weightsManifest[0];
  const bin = Buffer.concat(group.paths.map((p) => fs.readFileSync(path.join(path.dirname(jsonPath), p))));
  const graph = await converter.loadGraphModel(tf.io.fromMemory({
    modelTopology: model.modelTopology,
    weightSpecs: group.weights,
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    format: model.format,
    signature: model.signature,
  }));
  // Largest map first: stride 8, 16, 32.
  const heads = model.modelTopology.node.filter((n) => n.op === 'SplitV').map((n) => n.input[0]);
  const raw = fs.readFileSync(inputPath);
  const x = tf.tensor(new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4), [1, 3, 416, 416]);
  const outs = graph.execute(x, heads);
  const sized = heads.map((h, i) => ({ t: outs[i], size: outs[i].size })).sort((a, b) => b.size - a.size);
  const labels = ['head8', 'head16', 'head32'];
  for (let i = 0; i < sized.length; i++) {
    const data = sized[i].t.dataSync();
    fs.writeFileSync(path.join(outDir, 'tfjs-' + labels[i] + '.f32'), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }
  console.log('wrote TF.js reference outputs to ' + outDir);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
