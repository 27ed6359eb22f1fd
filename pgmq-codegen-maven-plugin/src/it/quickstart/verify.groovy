// make-migrations numbered pgmq's migrations after the application's own V1, and the tests passed
def folder = new File(basedir, 'src/main/resources/db/migration/pgmq')
def names = folder.list().sort()
assert names.any { it ==~ /V2__pgmq_core_v1_core\.sql/ } : names
assert names.count { it.contains('__pgmq_create_channel_order_emails') } == 1 : names
def report = new File(basedir, 'target/surefire-reports/com.example.shop.ShopTest.txt')
assert report.text.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0') : report.text
