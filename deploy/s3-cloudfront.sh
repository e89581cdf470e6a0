#!/usr/bin/env bash
# Publish output/ to an S3 bucket behind CloudFront (see mujaz's
# docs/deploy.md). Needs the AWS CLI with credentials, and:
#   BUCKET=my-news-bucket DISTRIBUTION=E123ABC deploy/s3-cloudfront.sh
# Build first: mujaz build --base-url https://news.example.org/
# Only what changed is uploaded (mujaz leaves unchanged files untouched),
# every file with its content type, and the CDN forgets what changed.
set -euo pipefail
: "${BUCKET:?set BUCKET to the S3 bucket}"
aws s3 sync output/ "s3://$BUCKET/" --delete --exclude '*.xml' --exclude '*.html'
aws s3 sync output/ "s3://$BUCKET/" --delete --exclude '*' --include '*.html' \
  --content-type 'text/html; charset=utf-8' --cache-control 'max-age=300'
aws s3 sync output/ "s3://$BUCKET/" --delete --exclude '*' --include '*.xml' \
  --content-type 'application/xml; charset=utf-8' --cache-control 'max-age=300'
if [ -n "${DISTRIBUTION:-}" ]; then
  aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION" --paths '/*' >/dev/null
fi
echo "published output/ to s3://$BUCKET/"
