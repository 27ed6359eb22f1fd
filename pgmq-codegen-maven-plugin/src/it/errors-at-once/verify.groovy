// both problems in one build, each at its token, with the path from the project root; the class kept its old type
def log = new File(basedir, 'build.log').text
assert log.contains('src/main/pgmq/channels.yaml:4:11: channel "order_emails" changed its type from text to bytea') : log
assert log.contains('src/main/pgmq/channels.yaml:5:26: unknown key "retries" in channel "invoices"') : log
def generated = new File(basedir, 'target/generated-sources/pgmq/com/acme/it/channels/OrderEmailsChannel.java')
assert generated.text.contains('extends TextChannel') : generated.text
