"""Static files in production: WhiteNoise's compressed, hashed files, ES module imports included.

collectstatic writes a .gz and a .br (brotli, in requirements.txt) beside each hashed file,
compressed after the imports were rewritten; WhiteNoise sends the one the browser accepts.

The board's client is a set of ES modules (static/js/board/) without a build step. With
hashed names, `import ... from "./state.js"` must become `"./state.<hash>.js"`, or a
browser holding a cached entry module would load another release's modules; Django's
manifest storage rewrites those imports when asked to.
"""
from whitenoise.storage import CompressedManifestStaticFilesStorage


class ModuleAwareStaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
