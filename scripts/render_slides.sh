#!/usr/bin/env bash
# Render each slide of a deck to PNG so a person can check the layout:
#   scripts/render_slides.sh [DECK] [OUT_DIR]
# writes OUT_DIR/slide-1.png, slide-2.png, ... (defaults:
# results/slides/slides.pptx and results/slides/png). Needs LibreOffice
# Impress (soffice) and poppler-utils (pdftoppm).
set -euo pipefail

deck="${1:-results/slides/slides.pptx}"
out_dir="${2:-results/slides/png}"
# 96 dpi renders a 13.33 x 7.5 in slide at 1280 x 720 pixels.
dpi="${RENDER_DPI:-96}"

require() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "error: $1 not found; install it (Debian: apt-get install libreoffice-impress poppler-utils)" >&2
    exit 1
  fi
}

require soffice
require pdftoppm
if [[ ! -f "${deck}" ]]; then
  echo "error: ${deck}: not found; run \`make slides\` to write it" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# A profile of its own, so a LibreOffice the user has open is not disturbed.
soffice --headless --norestore "-env:UserInstallation=file://${work}/profile" \
  --convert-to pdf --outdir "${work}" "${deck}" >"${work}/soffice.log" 2>&1 || {
  echo "error: soffice failed to convert ${deck} to PDF:" >&2
  cat "${work}/soffice.log" >&2
  exit 1
}
pdf="${work}/$(basename "${deck%.*}").pdf"
pdftoppm -png -r "${dpi}" "${pdf}" "${work}/page"

# pdftoppm pads page numbers to the page count's width (page-01.png); drop the padding.
mkdir -p "${work}/png"
for page in "${work}"/page-*.png; do
  number="${page##*-}"
  number="${number%.png}"
  mv "${page}" "${work}/png/slide-$((10#${number})).png"
done

mkdir -p "${out_dir}"
rm -f "${out_dir}"/slide-*.png
mv "${work}"/png/slide-*.png "${out_dir}/"
echo "rendered $(find "${out_dir}" -name 'slide-*.png' | wc -l) slides of ${deck} to ${out_dir}"
