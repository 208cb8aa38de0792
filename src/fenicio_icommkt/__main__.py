from fenicio_icommkt.cli import entry

entry()
