"""Stage 4, the language model: the `Generator` protocol (`base`), the choice of runtime
(`backends`), its two local runtimes (`transformers_backend`, `llama_cpp`), the model's
package and one-time conversion (`package`) and the CPU kernels for its own 4-bit weights
and int8 output head (`q4k`, `int8_head`). Import the submodules; this imports nothing heavy.
"""
