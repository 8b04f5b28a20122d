"""The wheel carries the C ABI: ``libliter_llm.so`` and ``liter_llm.h`` inside the package.

Everything else is in pyproject.toml. Building a wheel (``make wheel``, ``pip wheel .``, or
an install from the sdist) runs ``ffi/build.py`` into the package's ``lib/`` and copies the
header into ``include/``; an editable install (the checkout's own venv) skips it, and
``make lib`` links the checkout's build there instead. The wheel is tagged for this
platform and Python: the library embeds the interpreter it was built with.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildWithLibrary(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        pkg = os.path.join(self.build_lib, "liter_llm")
        lib = os.path.join(pkg, "lib")
        inc = os.path.join(pkg, "include")
        os.makedirs(inc, exist_ok=True)
        shutil.copy(os.path.join(HERE, "include", "liter_llm.h"), inc)
        with tempfile.TemporaryDirectory() as tmp:  # cffi's C source and objects stay out
            env = {**os.environ, "LITER_LLM_BUILD_WHEEL": "1"}
            build = os.path.join(HERE, "ffi", "build.py")
            subprocess.check_call([sys.executable, build, lib, tmp], env=env)


class PlatformDistribution(Distribution):
    def has_ext_modules(self) -> bool:  # a native library inside: a platform wheel
        return True


setup(cmdclass={"build_py": BuildWithLibrary}, distclass=PlatformDistribution)
