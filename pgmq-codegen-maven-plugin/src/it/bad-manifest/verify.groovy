// every problem, with file:line:col, and nothing written by either goal
def log = new File(basedir, 'build.log').text
assert log.contains('src/main/pgmq/channels.yaml:3:3: channel name "Order-Events" is invalid') : log
assert log.contains('channels.yaml:4:') : log
assert log.contains('channels.yaml:5:') : log
assert !new File(basedir, 'target/generated-sources/pgmq').exists()
assert !new File(basedir, 'src/main/resources/db/migration').exists()
assert !new File(basedir, 'src/main/pgmq/channels.lock.json').exists()
