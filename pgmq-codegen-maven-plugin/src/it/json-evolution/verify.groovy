// exactly one new migration, which updates the contract; both tests passed
def names = new File(basedir, 'src/main/resources/db/migration/pgmq').list().sort()
def alters = names.findAll { it.contains('__pgmq_alter_channel_order_placed') }
assert alters.size() == 1 : names
def sql = new File(basedir, 'src/main/resources/db/migration/pgmq/' + alters[0]).text
assert sql.contains('update the message contract of channel "order_placed"') : sql
assert sql.contains('"gift_wrap":{"type":"boolean","required":false}') && !sql.contains('coupon') : sql
def report = new File(basedir, 'target/surefire-reports/com.acme.it.EvolutionTest.txt')
assert report.text.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0') : report.text
