"""renkei: query the cooperation projects of the Kitakyushu metropolitan area (北九州都市圏域)."""

__version__ = "0.1.0"
