"""``python -m fenicio_icommkt.warehouse`` (``make setup``): the default data dir, ready for
``dbt build``."""

from fenicio_icommkt.settings import DataDir, data_dir
from fenicio_icommkt.warehouse import initialise

initialise(DataDir(data_dir()))
print(f"data dir ready: {data_dir()}")
