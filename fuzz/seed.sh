#!/usr/bin/env bash
# Seeds the fuzz corpora from the calendar's own files: the sample content,
# the fixtures, and the broken and hostile corpora. event_file's first byte
# chooses Markdown (0) or YAML (1) and the parser (see its source).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/event_file fuzz/corpus/markdown fuzz/corpus/import_feed
find content tests/fixtures tests/broken tests/hostile -type f \( -name '*.md' -o -name '*.yaml' \) -size -32k |
  sort | while read -r file; do
    name=$(printf '%s' "$file" | tr '/' '_')
    case "$file" in
      */groups/*.md) kind='\004' ;; */groups/*) kind='\005' ;;
      */venues/*.md) kind='\006' ;; */venues/*) kind='\007' ;;
      *.md) kind='\000' ;; *) kind='\001' ;;
    esac
    { printf "$kind"; cat "$file"; } > "fuzz/corpus/event_file/$name"
    case "$file" in *.md) sed "1,/^---\$/d" "$file" > "fuzz/corpus/markdown/$name" ;; esac
  done
# import_feed reads iCalendar feeds: the import fixtures, shaped like real
# exports.
for file in tests/fixtures/import/*.ics; do
  cp "$file" "fuzz/corpus/import_feed/$(basename "$file")"
done
