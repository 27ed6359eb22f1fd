// each refused change at its token, naming message, field and the way out; no migration was written
def log = new File(basedir, 'build.log').text
def wayOut = 'declare OrderPlacedV2 with the new shape on a new channel, move the consumers to it, and retire order_placed (retired: true) once it is empty'
assert log.contains('src/main/pgmq/channels.yaml:3:3: message OrderPlaced (carried by channel order_placed): required field "email" (string) was removed') : log
assert log.contains('src/main/pgmq/channels.yaml:5:17: message OrderPlaced (carried by channel order_placed): field "order_id" changed its type from long to string') : log
assert log.contains('src/main/pgmq/channels.yaml:6:7: message OrderPlaced (carried by channel order_placed): required field "mail" was added') : log
assert log.contains('src/main/pgmq/channels.yaml:7:23: message OrderPlaced (carried by channel order_placed): field "status" changed its type from { enum: [NEW, PAID] } to { enum: [NEW, PAID, REFUNDED] }') : log
assert log.contains('src/main/pgmq/channels.yaml:8:7: message OrderPlaced (carried by channel order_placed): field "coupon" changed from optional to required') : log
assert log.count(wayOut) >= 5 : log
def names = new File(basedir, 'src/main/resources/db/migration/pgmq').list()
assert !names.any { it.contains('alter_channel') } : names
