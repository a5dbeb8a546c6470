"""The one error every reader raises for a file it cannot read, with a Chinese message."""

import errno


class ReadError(Exception):
    """A file that cannot be read; ``str()`` is a one-line message for the user."""


class WriteError(Exception):
    """A file that cannot be written; ``str()`` says what happened and what to do."""


_OS_ERRORS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有访问权限，或文件正被其他程序（如 Excel/WPS）占用",
    errno.EPERM: "没有访问权限，或文件正被其他程序（如 Excel/WPS）占用",
    errno.EROFS: "磁盘或文件夹是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EIO: "磁盘读写出错",
    errno.EBUSY: "文件正被其他程序占用",
}


def describe_os_error(exc: OSError) -> str:
    """The reason of a failed file operation in plain Chinese (never the system's English)."""
    return _OS_ERRORS.get(exc.errno or 0, "系统拒绝了这次文件操作")
