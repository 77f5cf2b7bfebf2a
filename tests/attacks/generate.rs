//! Files a case makes at test time: names that cannot live in this
//! repository, links to temporary folders, files of several megabytes.

use crate::common::{copy_tree, many_events};
use std::path::{Path, PathBuf};

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

const EVENT: &str = "---\ntitle: Rust night\nstart: 2027-03-10 19:00\n---\nTwo talks.\n";

pub fn generate(name: &str, site: &Path, outside: &Path) {
    let events = site.join("content/events");
    match name {
        // Names that differ only in case are one file on macOS and Windows.
        "case-colliding-names" => {
            write(&events.join("Rust-Night-2027-03-10.md"), EVENT);
            write(&events.join("rust-night-2027-03-10.md"), EVENT);
        }
        "windows-device-name" => write(&events.join("con.md"), EVENT),
        "zero-width-file-name" => write(&events.join("rust\u{200B}night.md"), EVENT),
        "bidi-file-name" => write(&events.join("evil\u{202E}dm.txt.md"), EVENT),
        "control-character-file-name" => write(
            &events.join("x\u{1b}[2J\n::error file=README.md::pwned.md"),
            EVENT,
        ),
        "hostile-folder-name" => write(
            &events
                .join("\"><script>alert(1)<")
                .join("folder-2027-03-10.md"),
            EVENT,
        ),
        "backslash-file-name" => write(&events.join("x..\\..\\evil.md"), EVENT),
        "huge-file" => {
            let mut text = String::from("---\ntitle: Big\nstart: 2027-03-10 19:00\n---\n");
            text.push_str(&"All work and no play. ".repeat(500_000));
            write(&events.join("big-2027-03-10.md"), text);
        }
        "file-at-the-size-limit" => {
            // Descriptions are bounded well below the file size: the bulk
            // is YAML comments, which cost nothing past the parser.
            let mut text = String::from("---\ntitle: Big\nstart: 2027-03-10 19:00\n");
            let end = "---\nA big file.\n";
            let room = 256 * 1024 - text.len() - end.len();
            text.push_str(&"# a comment line\n".repeat(room / 17));
            text.push_str(end);
            write(&events.join("big-2027-03-10.md"), text);
        }
        "nested-blockquotes" => write(
            &events.join("deep-2027-03-10.md"),
            format!(
                "---\ntitle: Deep\nstart: 2027-03-10 19:00\n---\n{} deep\n",
                ">".repeat(3_990)
            ),
        ),
        "nested-lists" => write(
            &events.join("deep-2027-03-10.md"),
            format!(
                "---\ntitle: Deep\nstart: 2027-03-10 19:00\ntags: [a, b, c]\n---\n{}deep\n",
                "- ".repeat(1_990)
            ),
        ),
        "nested-raw-html" => write(
            &events.join("deep-2027-03-10.md"),
            format!(
                "---\ntitle: Deep\nstart: 2027-03-10 19:00\n---\n{}deep\n",
                "<div>".repeat(790)
            ),
        ),
        "yaml-nested-flow" => write(
            &events.join("flow-2027-03-10.yaml"),
            format!(
                "title: Flow\nstart: 2027-03-10 19:00\ntags: {}{}\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
        "yaml-nested-block" => write(
            &events.join("block-2027-03-10.yaml"),
            format!(
                "title: Block\nstart: 2027-03-10 19:00\ntags:\n{}x\n",
                "- ".repeat(100_000)
            ),
        ),
        "problem-flood" => write(
            &events.join("flood.yaml"),
            format!(
                "title: Flood\nstart: 2027-01-04 10:00\nrepeat:\n  every: week\n  on: [{}]\n",
                vec!["x"; 60_000].join(",")
            ),
        ),
        "deep-folder-tree" => {
            let deep: PathBuf = std::iter::repeat_n("d", 1000).collect();
            write(&events.join(deep).join("deep-2027-03-10.md"), EVENT);
        }
        "linked-content" => {
            let elsewhere = outside.join("content");
            copy_tree(&site.join("content"), &elsewhere);
            write(&elsewhere.join("events/leak-2027-03-10.md"), EVENT);
            std::fs::remove_dir_all(site.join("content")).unwrap();
            std::os::unix::fs::symlink(&elsewhere, site.join("content")).unwrap();
        }
        "linked-events-folder" => {
            write(&outside.join("events/leak-2027-03-10.md"), EVENT);
            std::os::unix::fs::symlink(outside.join("events"), events.join("2027")).unwrap();
        }
        "linked-theme" => {
            write(&outside.join("static/secret.txt"), "secret");
            std::fs::create_dir_all(site.join("themes")).unwrap();
            std::os::unix::fs::symlink(outside, site.join("themes/default")).unwrap();
        }
        "linked-theme-file" => {
            write(&outside.join("secret.txt"), "secret");
            std::fs::create_dir_all(site.join("themes/default/static")).unwrap();
            std::os::unix::fs::symlink(
                outside.join("secret.txt"),
                site.join("themes/default/static/secret.txt"),
            )
            .unwrap();
        }
        "many-events" => many_events(site, 2000),
        // Aliases to a 5,000-character string, 830 × 830 times: 100 KB of text.
        "aliases-to-long-strings" => write(
            &events.join("aliases-2027-03-10.yaml"),
            format!(
                "title: A\nstart: 2027-03-10 19:00\nzz: {{a: &a '{}', b: &b [{}], c: [{}]}}\n",
                "y".repeat(5_000),
                vec!["*a"; 830].join(", "),
                vec!["*b"; 830].join(", "),
            ),
        ),
        // The longest title, tags, names and description the limits allow,
        // made of the characters that grow most when escaped, on a daily
        // series with every tag: the most output one accepted file can make.
        "largest-accepted-file" => {
            let tags: Vec<String> = (0..meetcal::limits::MAX_TAGS)
                .map(|i| format!("t{i}-{}", "a-".repeat(20))[..meetcal::limits::MAX_TAG_CHARS].to_string())
                .collect();
            let quotes = format!("\"{}\"", "\\\"".repeat(meetcal::limits::MAX_TITLE_CHARS));
            let url = format!("https://x.example/{}", "a".repeat(1_980));
            write(
                &events.join("largest.md"),
                format!(
                    "---\ntitle: {quotes}\nstart: 2027-01-01 10:00\nrepeat:\n  every: day\ntags: [{}]\ngroup: rust-paris\nurl: {url}\nonline: {url}\nvenue:\n  name: {quotes}\n  address: \"{}\"\n  notes: \"{}\"\n---\n{}\n",
                    tags.join(", "),
                    "&".repeat(200),
                    "&".repeat(500),
                    "&".repeat(meetcal::limits::MAX_DESCRIPTION_CHARS),
                ),
            );
        }
        // The same, ten times over every limit: a 255 KB file.
        "over-every-limit" => write(
            &events.join("over.md"),
            format!(
                "---\ntitle: {}\nstart: 2027-01-01 10:00\nrepeat:\n  every: day\ntags: [{}]\n---\n{}\n",
                "T".repeat(9_200),
                (0..20).map(|i| format!("tag-{i}")).collect::<Vec<_>>().join(", "),
                "word ".repeat(48_000),
            ),
        ),
        other => panic!("no generator {other}"),
    }
}
