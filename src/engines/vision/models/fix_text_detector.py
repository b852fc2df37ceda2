#!/usr/bin/python3
"""Makes PaddleOCR's PP-OCRv4 text detector (DBNet, ONNX) load in OpenCV 4.6.

Two changes, nothing else:
  * Clip nodes take min/max as constant inputs (opset 11); OpenCV 4.6's
    importer reads them only as attributes, so they become attributes.
  * The input size is fixed (1 x 3 x SIZE x SIZE): with a variable size
    OpenCV 4.6 only runs the first size it sees. The engine letterboxes.

Usage: fix_text_detector.py IN.onnx OUT.onnx SIZE
Needs only Debian's python3-onnx and python3-numpy.
"""

import sys

import onnx
from onnx import helper, numpy_helper


def constant_values(graph):
    """Values of Constant nodes and initializers, by output name."""
    values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    for n in graph.node:
        if n.op_type == "Constant":
            for a in n.attribute:
                if a.name == "value":
                    values[n.output[0]] = numpy_helper.to_array(a.t)
    return values


def clip_inputs_to_attributes(graph):
    values = constant_values(graph)
    changed = 0
    for n in graph.node:
        if n.op_type != "Clip" or len(n.input) == 1:
            continue
        bounds = {}
        for name, ref in zip(("min", "max"), list(n.input)[1:]):
            if ref:
                if ref not in values:
                    raise ValueError("Clip %s: bound %s is not constant" % (n.name, ref))
                bounds[name] = float(values[ref])
        del n.input[1:]
        for k, v in bounds.items():
            n.attribute.append(helper.make_attribute(k, v))
        changed += 1
    return changed


def fix_input_size(graph, size):
    dims = graph.input[0].type.tensor_type.shape.dim
    for d, v in zip(dims, (1, 3, size, size)):
        d.Clear()
        d.dim_value = v
    for o in graph.output:
        o.type.tensor_type.shape.Clear()


def main(argv):
    if len(argv) != 4:
        print(__doc__)
        return 2
    model = onnx.load(argv[1])
    changed = clip_inputs_to_attributes(model.graph)
    fix_input_size(model.graph, int(argv[3]))
    # Not onnx.checker-valid any more (Clip-11 has no attributes): the file is
    # for OpenCV 4.6's importer only, which the C++ tests load and run.
    onnx.save(model, argv[2])
    print("wrote %s: %d Clip nodes rewritten, input 1x3x%sx%s" % (argv[2], changed, argv[3], argv[3]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
