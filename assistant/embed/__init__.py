"""Stage 2, embedding: the `Embedder` protocol (`base`), its two runtimes (`onnx_int8`,
`torch_fp32`), the bundled model's package and export (`package`) and token counting for
chunk sizing (`tokens`). Import the submodules; this package imports nothing heavy.
"""
