# Sourced by the publish benchmarks: new_article SITE writes the article a
# newsroom publishes (dated now, after every other, with two tags the
# generated corpus uses) at SITE/content/articles/zz-new.md.
new_article() {
  cat > "$1/content/articles/zz-new.md" <<MD
---
title: "خبر عاجل نشر للتو"
date: $(date -u +%Y-%m-%dT%H:%M:%S+00:00)
tags: ["الاقتصاد", "الزراعة"]
summary: "ملخص الخبر."
---

نص الخبر الجديد.
MD
}
