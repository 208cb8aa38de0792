from fenicio_icommkt.cli import main

raise SystemExit(main())
