// pgmq's migrations continue the application's numbering: V6, V7, ... with no gap and no collision
def names = new File(basedir, 'src/main/resources/db/migration/pgmq').list().sort { (it =~ /^V(\d+)__/)[0][1] as int }
def versions = names.collect { (it =~ /^V(\d+)__/)[0][1] as int }
assert names[0] == 'V6__pgmq_core_v1_core.sql' : names
assert versions == (6..<(6 + names.size())).toList() : names
assert names.last() ==~ /V\d+__pgmq_create_channel_order_emails\.sql/ : names
