"""oss-assist: the operator's assistant for registering micro businesses on the OSS portal."""

__version__ = "0.1.0"
