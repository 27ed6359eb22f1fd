def edited = new File(basedir, 'edited.txt').text
def log = new File(basedir, 'build.log').text
assert log.contains("migration ${edited} was edited after pgmq wrote it; restore it from version control") : log
