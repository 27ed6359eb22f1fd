// the compiler, not a test, rejects the wrong payload type, on the line of the send
def log = new File(basedir, 'build.log').text
assert log.contains('Mailer.java:[9,37] no suitable method found for send(org.jooq.DSLContext,byte[])') : log
assert log.contains('byte[] cannot be converted to java.lang.String') : log
assert new File(basedir, 'target/generated-sources/pgmq/com/acme/it/channels/OrderEmailsChannel.java').isFile()
