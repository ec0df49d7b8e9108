@echo off
rem The project's set-up and entry point on Windows: finds Python 3 and hands over to
rem scripts\bootstrap.py, which does the work (see README.md, "On the office's Windows PC").
rem   run.cmd demo          the demo on the bundled sandbox portal
rem   run.cmd COMMAND ...   any oss-assist command, e.g. run.cmd run profiles\NAME.yaml
setlocal
cd /d "%~dp0"
where py >nul 2>nul || goto :try_python
py -3 scripts\bootstrap.py %*
exit /b %errorlevel%
:try_python
where python >nul 2>nul || goto :no_python
python scripts\bootstrap.py %*
exit /b %errorlevel%
:no_python
echo [oss-assist] Python 3.11 or newer is needed: install it from https://www.python.org/downloads/ (tick "Add python.exe to PATH"), then run this again. 1>&2
exit /b 2
