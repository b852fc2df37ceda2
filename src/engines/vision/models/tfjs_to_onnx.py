#!/usr/bin/python3
"""Converts the TensorFlow.js graph model of NanoDet (human-models) to ONNX.

OpenCV 4.6 has no TF.js reader, so set-up runs this once. The TF.js graph was
itself produced from ONNX by onnx-tf: every convolution is wrapped in
NCHW<->NHWC transposes, padding is an explicit Pad op and biases are separate
Adds. The converter tracks, for every TF tensor, the ONNX tensor it lives in
and the permutation between the two ("lazy transposes"), so the transposes
cancel instead of being emitted, Pads fold into the next Conv/MaxPool and bias
Adds fold into the Conv. Only the ops this graph uses are supported; anything
else is an error, never a silent approximation.

Also holds a small numpy interpreter of the same TF graph (TF's own NHWC
semantics, op by op, float64): it gives the heads' shapes, folds constants,
and with --reference writes its outputs for a fixed input next to the input,
a second oracle beside TensorFlow.js's own run (tfjs-reference/).

Usage: tfjs_to_onnx.py MODEL.json OUT.onnx [--reference REF_DIR]
Needs only Debian's python3-onnx and python3-numpy.
"""

import base64
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

NCHW_AS_NHWC = (0, 2, 3, 1)  # tf = transpose(onnx, this) when onnx is NCHW
IDENTITY4 = (0, 1, 2, 3)


def load_weights(model_json, directory):
    """The weights manifest as numpy arrays (fp16 dequantised to fp32)."""
    values = {}
    for group in model_json["weightsManifest"]:
        blob = b"".join(open(os.path.join(directory, p), "rb").read() for p in group["paths"])
        offset = 0
        for w in group["weights"]:
            count = int(np.prod(w["shape"])) if w["shape"] else 1
            q = w.get("quantization")
            if q:
                dtype = np.dtype(q["dtype"])
                raw = np.frombuffer(blob, dtype, count, offset).astype(np.float32)
            else:
                dtype = np.dtype(w["dtype"])
                raw = np.frombuffer(blob, dtype, count, offset).copy()
            offset += count * dtype.itemsize
            values[w["name"]] = raw.reshape(w["shape"])
    return values


def attr(node, name, kind, default=None):
    a = node.get("attr", {}).get(name)
    if a is None:
        return default
    if kind == "ints":
        return [int(i) for i in a["list"].get("i", [])]
    if kind == "str":
        return base64.b64decode(a["s"]).decode()
    return a.get(kind, default)


def inputs_of(node):
    return [i for i in node.get("input", []) if not i.startswith("^")]


def split_name(ref):
    """'name:1' -> ('name', 1)."""
    if ":" in ref:
        n, i = ref.rsplit(":", 1)
        return n, int(i)
    return ref, 0


# ---------------------------------------------------------------- reference


def tf_conv(x, w, strides):
    """NHWC VALID convolution with HWIO weights (numpy, float64)."""
    kh, kw, ci, co = w.shape
    sh, sw = strides
    n, h, wd, c = x.shape
    oh, ow = (h - kh) // sh + 1, (wd - kw) // sw + 1
    out = np.zeros((n, oh, ow, co))
    for i in range(kh):
        for j in range(kw):
            patch = x[:, i : i + sh * (oh - 1) + 1 : sh, j : j + sw * (ow - 1) + 1 : sw, :]
            out += patch @ w[i, j]
    return out


def tf_resize_bilinear_half_pixel(x, size):
    n, h, w, c = x.shape
    oh, ow = size

    def axis(o, i):
        src = (np.arange(o) + 0.5) * (i / o) - 0.5
        src = np.clip(src, 0, None)
        lo = np.floor(src).astype(int)
        lo = np.minimum(lo, i - 1)
        hi = np.minimum(lo + 1, i - 1)
        return lo, hi, src - lo

    y0, y1, fy = axis(oh, h)
    x0, x1, fx = axis(ow, w)
    top = x[:, y0][:, :, x0] * (1 - fx)[None, None, :, None] + x[:, y0][:, :, x1] * fx[None, None, :, None]
    bot = x[:, y1][:, :, x0] * (1 - fx)[None, None, :, None] + x[:, y1][:, :, x1] * fx[None, None, :, None]
    return top * (1 - fy)[None, :, None, None] + bot * fy[None, :, None, None]


def run_reference(model_json, weights, feed):
    """Evaluates the TF graph with TF's semantics; returns {tensor ref: array}."""
    vals = {}
    for node in model_json["modelTopology"]["node"]:
        op, name = node["op"], node["name"]
        ins = [vals[r] if r in vals else vals[split_name(r)[0]] for r in inputs_of(node)]
        ins = [v[split_name(r)[1]] if isinstance(v, list) else v for v, r in zip(ins, inputs_of(node))]
        if op == "Const":
            out = weights[name]
        elif op == "Placeholder":
            out = feed
        elif op in ("Identity",):
            out = ins[0]
        elif op == "Transpose":
            out = np.transpose(ins[0], ins[1])
        elif op in ("Add", "AddV2"):
            out = ins[0] + ins[1]
        elif op == "Pad":
            out = np.pad(ins[0], ins[1])
        elif op == "PadV2":
            out = np.pad(ins[0], ins[1], constant_values=float(ins[2]))
        elif op == "Conv2D":
            s = attr(node, "strides", "ints")
            out = tf_conv(ins[0], ins[1], (s[1], s[2]))
        elif op == "LeakyRelu":
            a = attr(node, "alpha", "f")
            out = np.where(ins[0] > 0, ins[0], a * ins[0])
        elif op == "MaxPool":
            k, s = attr(node, "ksize", "ints"), attr(node, "strides", "ints")
            x = ins[0]
            oh, ow = (x.shape[1] - k[1]) // s[1] + 1, (x.shape[2] - k[2]) // s[2] + 1
            out = np.full((x.shape[0], oh, ow, x.shape[3]), -np.inf)
            for i in range(k[1]):
                for j in range(k[2]):
                    out = np.maximum(out, x[:, i : i + s[1] * (oh - 1) + 1 : s[1], j : j + s[2] * (ow - 1) + 1 : s[2]])
        elif op == "ConcatV2":
            out = np.concatenate(ins[:-1], axis=int(ins[-1]))
        elif op == "ResizeBilinear":
            out = tf_resize_bilinear_half_pixel(ins[0], [int(v) for v in ins[1]])
        elif op == "SplitV":
            sizes, axis = ins[1], int(ins[2])
            out = np.split(ins[0], np.cumsum(sizes)[:-1], axis=axis)
        elif op == "Sigmoid":
            out = 1 / (1 + np.exp(-ins[0]))
        elif op == "Reshape":
            out = np.reshape(ins[0], ins[1])
        elif op == "SparseToDense":
            out = np.full(ins[1], ins[3])
            for idx, v in zip(ins[0], np.broadcast_to(ins[2], (len(ins[0]),))):
                out[tuple(idx)] = v
        else:
            raise ValueError("reference: unsupported op " + op)
        vals[name] = out
    return vals


# ---------------------------------------------------------------- converter


class Converter:
    def __init__(self, model_json, weights):
        self.model = model_json
        self.weights = weights
        self.nodes = []
        self.inits = []
        self.const = {}  # tf name -> numpy value (folded)
        self.tensor = {}  # tf ref -> (onnx name, perm: tf = transpose(onnx, perm))
        self.consumers = {}
        for n in model_json["modelTopology"]["node"]:
            for r in inputs_of(n):
                self.consumers.setdefault(split_name(r)[0], []).append(n)
        self.counter = 0

    def fresh(self, base):
        self.counter += 1
        return "%s__%d" % (base.replace("/", "_"), self.counter)

    def init(self, value, base):
        name = self.fresh(base)
        self.inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def get(self, ref):
        n, i = split_name(ref)
        key = n if i == 0 else "%s:%d" % (n, i)
        return self.tensor[key]

    def materialise(self, ref, target):
        """The ONNX tensor holding `ref` such that tf = transpose(it, target)."""
        name, perm = self.get(ref)
        if tuple(perm) == tuple(target):
            return name
        inv_target = np.argsort(target)
        r = [perm[inv_target[j]] for j in range(len(perm))]
        out = self.fresh("transpose")
        self.nodes.append(helper.make_node("Transpose", [name], [out], perm=r))
        return out

    def emit(self, node):
        op, name = node["op"], node["name"]
        ins = inputs_of(node)
        if op == "Const":
            self.const[name] = self.weights[name]
            return
        if all(split_name(i)[0] in self.const for i in ins) and op != "Placeholder":
            # Constant folding (SparseToDense/AddV2 building reshape targets).
            vals = run_reference({"modelTopology": {"node": [{"op": "Const", "name": i} for i in ins] + [node]}}, self.const, None)
            self.const[name] = vals[name]
            return
        if any(split_name(i)[0] in self.tainted for i in ins):
            if op == "Transpose":
                self.tainted.add(name)
            elif op not in ("Conv2D", "MaxPool"):
                raise ValueError("a padded tensor feeds %s (%s)" % (op, name))
        handler = getattr(self, "op_" + op, None)
        if handler is None:
            raise ValueError("unsupported op %s (%s)" % (op, name))
        handler(node, ins)

    def op_Placeholder(self, node, ins):
        dims = [int(d["size"]) for d in node["attr"]["shape"]["shape"]["dim"]]
        self.graph_input = helper.make_tensor_value_info("input", TensorProto.FLOAT, dims)
        self.tensor[node["name"]] = ("input", tuple(range(len(dims))))

    def op_Identity(self, node, ins):
        self.tensor[node["name"]] = self.get(ins[0])

    def op_Transpose(self, node, ins):
        name, perm = self.get(ins[0])
        q = [int(v) for v in self.const[ins[1]]]
        self.tensor[node["name"]] = (name, tuple(perm[q[i]] for i in range(len(q))))

    def op_Pad(self, node, ins, value=0.0):
        name, perm = self.get(ins[0])
        tf_pads = np.asarray(self.const[ins[1]])
        onnx_pads = np.zeros((len(perm), 2), dtype=np.int64)
        for i, p in enumerate(perm):
            onnx_pads[p] = tf_pads[i]
        # Fold into every consumer when all are Conv2D/MaxPool padding only H, W.
        self.padded[node["name"]] = (name, perm, onnx_pads, value)
        # Consumers see the unpadded tensor; only Conv2D/MaxPool (through
        # padded_input) may use it, which emit() enforces with `tainted`.
        self.tensor[node["name"]] = (name, perm)
        self.tainted.add(node["name"])

    def op_PadV2(self, node, ins):
        self.op_Pad(node, ins, float(self.const[ins[2]]))

    def padded_input(self, ref, allow_value):
        """(onnx NCHW name, pads [t,l,b,r]) for a spatial op's TF-NHWC input."""
        src = split_name(ref)[0]
        # Follow pure transposes back to a Pad.
        chain = []
        while src not in self.padded and src in self.by_name and self.by_name[src]["op"] == "Transpose":
            chain.append(self.by_name[src])
            src = split_name(inputs_of(self.by_name[src])[0])[0]
        if src in self.padded:
            name, perm, pads, value = self.padded[src]
            if value != 0.0 and not allow_value(value):
                raise ValueError("cannot fold pad value %r" % value)
            perm_now = self.get(ref)[1]
            # The ONNX tensor under the pad has layout `perm`; the consumer
            # needs NCHW. The pads are per ONNX axis of the unpadded tensor.
            self.tensor["__tmp"] = (name, perm_now)
            nchw = self.materialise("__tmp", NCHW_AS_NHWC)
            # Axis of the onnx tensor -> NCHW axis: tf axis a = onnx axis perm_now[a];
            # NCHW axis for tf NHWC axis a is NCHW_AS_NHWC.index(a).
            spatial = {}
            for a in range(4):
                spatial[NCHW_AS_NHWC[a]] = pads[perm_now[a]]
            if spatial[0].any() or spatial[1].any():
                raise ValueError("pad on batch/channel axes")
            return nchw, [int(spatial[2][0]), int(spatial[3][0]), int(spatial[2][1]), int(spatial[3][1])]
        return self.materialise(ref, NCHW_AS_NHWC), [0, 0, 0, 0]

    def op_Conv2D(self, node, ins):
        assert attr(node, "data_format", "str") == "NHWC" and attr(node, "padding", "str") == "VALID"
        assert attr(node, "dilations", "ints") == [1, 1, 1, 1]
        x, pads = self.padded_input(ins[0], lambda v: False)
        w = self.const[ins[1]]  # HWIO
        s = attr(node, "strides", "ints")
        onnx_w = self.init(np.transpose(w, (3, 2, 0, 1)).astype(np.float32), node["name"] + "_w")
        conv_inputs = [x, onnx_w]
        # Fold the bias Add that follows (its only consumer is this Add).
        users = self.consumers.get(node["name"], [])
        out_name = self.fresh(node["name"])
        if len(users) == 1 and users[0]["op"] == "Add":
            other = [i for i in inputs_of(users[0]) if split_name(i)[0] != node["name"]][0]
            bias = self.const.get(other)
            if bias is not None and bias.ndim == 1 and bias.shape[0] == w.shape[3]:
                conv_inputs.append(self.init(bias.astype(np.float32), node["name"] + "_b"))
                self.folded_add.add(users[0]["name"])
                self.nodes.append(helper.make_node("Conv", conv_inputs, [out_name], kernel_shape=list(w.shape[:2]), strides=[s[1], s[2]], pads=pads))
                self.tensor[users[0]["name"]] = (out_name, NCHW_AS_NHWC)
                self.tensor[node["name"]] = (out_name, NCHW_AS_NHWC)
                return
        self.nodes.append(helper.make_node("Conv", conv_inputs, [out_name], kernel_shape=list(w.shape[:2]), strides=[s[1], s[2]], pads=pads))
        self.tensor[node["name"]] = (out_name, NCHW_AS_NHWC)

    def op_MaxPool(self, node, ins):
        assert attr(node, "data_format", "str") == "NHWC" and attr(node, "padding", "str") == "VALID"
        # A max pool ignores -inf (or very negative) padding, which is what
        # ONNX's pads mean for MaxPool.
        x, pads = self.padded_input(ins[0], lambda v: v <= -1e30)
        k, s = attr(node, "ksize", "ints"), attr(node, "strides", "ints")
        out = self.fresh(node["name"])
        self.nodes.append(helper.make_node("MaxPool", [x], [out], kernel_shape=[k[1], k[2]], strides=[s[1], s[2]], pads=pads))
        self.tensor[node["name"]] = (out, NCHW_AS_NHWC)

    def elementwise(self, node, ins, onnx_op):
        if node["name"] in self.folded_add:
            return
        tensors = [i for i in ins if split_name(i)[0] not in self.const]
        consts = [i for i in ins if split_name(i)[0] in self.const]
        perm = self.get(tensors[0])[1]
        names = [self.materialise(t, perm) for t in tensors]
        for c in consts:
            v = np.asarray(self.const[c], dtype=np.float32)
            v = v.reshape((1,) * (len(perm) - v.ndim) + v.shape)
            names.append(self.init(np.transpose(v, np.argsort(perm)), node["name"] + "_c"))
        out = self.fresh(node["name"])
        self.nodes.append(helper.make_node(onnx_op, names, [out]))
        self.tensor[node["name"]] = (out, perm)

    def op_Add(self, node, ins):
        self.elementwise(node, ins, "Add")

    op_AddV2 = op_Add

    def unary(self, node, ins, onnx_op, **attrs):
        name, perm = self.get(ins[0])
        out = self.fresh(node["name"])
        self.nodes.append(helper.make_node(onnx_op, [name], [out], **attrs))
        self.tensor[node["name"]] = (out, perm)

    def op_LeakyRelu(self, node, ins):
        self.unary(node, ins, "LeakyRelu", alpha=attr(node, "alpha", "f"))

    def op_Sigmoid(self, node, ins):
        self.unary(node, ins, "Sigmoid")

    def op_ConcatV2(self, node, ins):
        perm = self.get(ins[0])[1]
        names = [self.materialise(i, perm) for i in ins[:-1]]
        axis = int(self.const[ins[-1]])
        out = self.fresh(node["name"])
        self.nodes.append(helper.make_node("Concat", names, [out], axis=perm[axis]))
        self.tensor[node["name"]] = (out, perm)

    def op_ResizeBilinear(self, node, ins):
        assert attr(node, "half_pixel_centers", "b") and not attr(node, "align_corners", "b")
        x = self.materialise(ins[0], NCHW_AS_NHWC)
        h, w = [int(v) for v in self.const[ins[1]]]
        sizes = self.init(np.array([0, 0, h, w], dtype=np.int64), "sizes")
        out = self.fresh(node["name"])
        # The batch and channel sizes are filled in by shape inference below.
        self.resizes.append((sizes, x))
        self.nodes.append(helper.make_node("Resize", [x, "", "", sizes], [out], mode="linear", coordinate_transformation_mode="half_pixel"))
        self.tensor[node["name"]] = (out, NCHW_AS_NHWC)

    def op_SplitV(self, node, ins):
        name, perm = self.get(ins[0])
        sizes = [int(v) for v in self.const[ins[1]]]
        axis = int(self.const[ins[2]])
        outs = [self.fresh(node["name"]) for _ in sizes]
        split = self.init(np.array(sizes, dtype=np.int64), "split")
        self.nodes.append(helper.make_node("Split", [name, split], outs, axis=perm[axis]))
        for i, o in enumerate(outs):
            self.tensor[node["name"] if i == 0 else "%s:%d" % (node["name"], i)] = (o, perm)

    def op_Reshape(self, node, ins):
        x = self.materialise(ins[0], tuple(range(len(self.get(ins[0])[1]))))
        shape = self.init(np.asarray(self.const[ins[1]], dtype=np.int64), "shape")
        out = self.fresh(node["name"])
        self.nodes.append(helper.make_node("Reshape", [x, shape], [out]))
        self.tensor[node["name"]] = (out, tuple(range(len(self.const[ins[1]]))))

    def convert(self, output_names, out_shapes):
        self.out_shapes = out_shapes
        self.padded, self.folded_add, self.resizes, self.tainted = {}, set(), [], set()
        self.by_name = {n["name"]: n for n in self.model["modelTopology"]["node"]}
        # Only the nodes the outputs depend on.
        needed, todo = set(), [split_name(n)[0] for n, _ in output_names]
        while todo:
            n = todo.pop()
            if n not in needed:
                needed.add(n)
                todo.extend(split_name(i)[0] for i in inputs_of(self.by_name[n]))
        for node in self.model["modelTopology"]["node"]:
            if node["name"] in needed:
                self.emit(node)
        outputs = []
        for i, (tf_name, onnx_name) in enumerate(output_names):
            name, perm = self.get(tf_name)
            src = self.materialise(tf_name, tuple(range(len(perm))))
            self.nodes.append(helper.make_node("Identity", [src], [onnx_name]))
            outputs.append(helper.make_tensor_value_info(onnx_name, TensorProto.FLOAT, self.out_shapes[tf_name]))
        graph = helper.make_graph(self.nodes, "nanodet", [self.graph_input], outputs, self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="l402d tfjs_to_onnx")
        # Resize with 'sizes' needs all four dims: fill batch/channels from inference.
        # One at a time: each filled Resize lets inference reach the next.
        for sizes_name, x in self.resizes:
            inferred = onnx.shape_inference.infer_shapes(model)
            shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim] for v in inferred.graph.value_info}
            shapes["input"] = [d.dim_value for d in self.graph_input.type.tensor_type.shape.dim]
            init = next(t for t in model.graph.initializer if t.name == sizes_name)
            v = numpy_helper.to_array(init).copy()
            v[0], v[1] = shapes[x][0], shapes[x][1]
            init.CopyFrom(numpy_helper.from_array(v, sizes_name))
        onnx.checker.check_model(model)
        return model


def output_map(model_json):
    """The head's raw outputs, one per stride: the inputs of the SplitV nodes.

    Splitting into class scores and box distributions, the sigmoid and the
    softmax are done in C++ (object_detector.cpp): OpenCV 4.6 cannot infer
    the graph's Reshape after Split, and the raw maps are all we need.
    Ordered by stride 8, 16, 32 (largest map first).
    """
    nodes = model_json["modelTopology"]["node"]
    heads = [inputs_of(n)[0] for n in nodes if n["op"] == "SplitV"]
    return heads


def label_heads(heads, shapes):
    ordered = sorted(heads, key=lambda h: -int(np.prod(shapes[h])))
    return [(h, "head%d" % s) for h, s in zip(ordered, (8, 16, 32))]


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    src, dst = argv[1], argv[2]
    model_json = json.load(open(src))
    weights = load_weights(model_json, os.path.dirname(os.path.abspath(src)))
    heads = output_map(model_json)
    # The reference run gives the heads' shapes (TF layout) and the check data.
    rng = np.random.default_rng(16)
    x = rng.uniform(0, 255, (1, 3, 416, 416)).astype(np.float32)
    ref_weights = {k: v.astype(np.float64) if v.dtype == np.float32 else v for k, v in weights.items()}
    vals = run_reference(model_json, ref_weights, x.astype(np.float64))
    outs = label_heads(heads, {h: vals[h].shape for h in heads})
    model = Converter(model_json, weights).convert(outs, {h: list(vals[h].shape) for h in heads})
    onnx.save(model, dst)
    print("wrote %s: %d nodes, outputs %s" % (dst, len(model.graph.node), [(l, vals[h].shape) for h, l in outs]))
    if len(argv) >= 5 and argv[3] == "--reference":
        # Reference outputs of the TF graph itself (numpy, float64, TF's
        # semantics) for a fixed input, as raw float32 for the C++ check.
        ref_dir = argv[4]
        os.makedirs(ref_dir, exist_ok=True)
        x.tofile(os.path.join(ref_dir, "input.f32"))
        for tf_name, label in outs:
            vals[tf_name].astype(np.float32).tofile(os.path.join(ref_dir, label + ".f32"))
        print("wrote reference outputs to %s" % ref_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
