// Stands in, in the Lambda bundles, for the packages only the local mail outbox uses (nodemailer's
// MailComposer writes .eml files, postal-mime reads them back for /dev/mailbox). On AWS mail goes
// through SES and no outbox directory is configured, so they were 210 KB of every bundle for nothing.
// Reaching one on AWS is a configuration mistake, and says so.
'use strict';
function localOnly() {
  throw new Error('The local mail outbox is not in the Lambda bundles: do not set OUTBOX_DIR on AWS.');
}
module.exports = localOnly;
module.exports.default = localOnly;
module.exports.decodeWords = localOnly;
