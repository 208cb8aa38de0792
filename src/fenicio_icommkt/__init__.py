"""Fenicio "Produtos por venda" exports -> customer purchase profiles -> ICOMMKT contacts."""

__version__ = "0.1.0"
