#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest's structure without building it (the runtimes
cannot be downloaded here). Prints TAP.

usage: test-flatpak-manifest.py MANIFEST APP_ID COMMAND MESON_OPTIONS_TXT
  APP_ID: the project's application id; COMMAND: the name of the installed
  program; MESON_OPTIONS_TXT: the project's meson_options.txt.
"""
import json
import os
import re
import shutil
import subprocess
import sys

from taplib import Tap

REQUIRED_FINISH_ARGS = ('--share=ipc', '--socket=fallback-x11', '--socket=wayland', '--device=dri')
# Whole-home or whole-system access: files come through the portal instead.
FORBIDDEN_FILESYSTEMS = re.compile(r'^--filesystem=(home|host|host-os|host-etc|/|~)(/.*)?(:r[ow])?$')
SHA256 = re.compile(r'^[0-9a-f]{64}$')


def meson_option_names(path):
    with open(path, encoding='utf-8') as f:
        return set(re.findall(r"option\s*\(\s*'([^']+)'", f.read()))


def modules_of(manifest, base):
    """The modules, with external module files read in."""
    modules = []
    for module in manifest.get('modules', []):
        if isinstance(module, str):
            with open(os.path.join(base, module), encoding='utf-8') as f:
                module = json.load(f)
        modules.append(module)
    return modules


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    path, app_id, command, options_txt = sys.argv[1:]
    base = os.path.dirname(os.path.abspath(path))
    tap = Tap()

    try:
        with open(path, encoding='utf-8') as f:
            manifest = json.load(f)
        problems = [] if isinstance(manifest, dict) else ['the top level is not an object']
    except (OSError, ValueError) as e:
        manifest = {}
        problems = [str(e)]
    tap.check('the manifest is valid JSON', problems)

    problems = []
    manifest_id = manifest.get('app-id', manifest.get('id'))
    if manifest_id != app_id:
        problems.append('app-id is %r, not the project\'s %r' % (manifest_id, app_id))
    if os.path.basename(path) != app_id + '.json':
        problems.append('the file is named %s, not %s.json' % (os.path.basename(path), app_id))
    tap.check('app-id is the project\'s application id', problems)

    problems = []
    if manifest.get('runtime') != 'org.gnome.Platform':
        problems.append('runtime is %r, not org.gnome.Platform' % manifest.get('runtime'))
    if manifest.get('sdk') != 'org.gnome.Sdk':
        problems.append('sdk is %r, not org.gnome.Sdk' % manifest.get('sdk'))
    version = manifest.get('runtime-version')
    if not isinstance(version, str) or not re.fullmatch(r'\d+', version):
        problems.append('runtime-version is %r, not a GNOME release such as "51"' % version)
    tap.check('the GNOME runtime and SDK, with a runtime-version', problems)

    tap.check('command is the installed program',
              [] if manifest.get('command') == command else
              ['command is %r, not %r' % (manifest.get('command'), command)])

    # Flatpak exports share/mime/packages/APP-ID.xml (the lesson files' type,
    # data/meson.build installs it under that name): nothing may clean it away.
    cleanup = manifest.get('cleanup', [])
    tap.check('the lesson MIME type is exported: no cleanup removes share/mime',
              ['cleanup removes %s' % c for c in cleanup
               if isinstance(c, str) and ('/share/mime' in c or c in ('/share', '*.xml'))])

    finish_args = manifest.get('finish-args', [])
    problems = ['finish-args lacks ' + a for a in REQUIRED_FINISH_ARGS if a not in finish_args]
    problems += ['finish-args has %s: open files through the portal instead' % a
                 for a in finish_args if FORBIDDEN_FILESYSTEMS.match(a)]
    problems += ['finish-args has %s twice' % a for a in set(finish_args)
                 if finish_args.count(a) > 1]
    tap.check('finish-args: ipc, X11 fallback, Wayland, GPU, and no home or host files', problems)

    try:
        modules = modules_of(manifest, base)
        problems = [] if modules else ['no modules']
    except (OSError, ValueError) as e:
        modules = []
        problems = ['cannot read a module file: %s' % e]
    for module in modules:
        name = module.get('name', '?')
        if not module.get('sources'):
            problems.append('module %s has no sources' % name)
        for source in module.get('sources', []):
            if isinstance(source, str):
                continue  # an external source file
            kind = source.get('type')
            if kind in ('archive', 'file'):
                if not str(source.get('url', '')).startswith('https://'):
                    problems.append('%s: a %s source needs an https url' % (name, kind))
                if not SHA256.match(str(source.get('sha256', ''))):
                    problems.append('%s: %s has no sha256 of 64 hex digits' % (name, source.get('url')))
            elif kind == 'dir':
                if not os.path.isdir(os.path.join(base, source.get('path', ''))):
                    problems.append('%s: dir %s does not exist' % (name, source.get('path')))
    tap.check('every download has an https url and a sha256; every dir exists', problems)

    problems = []
    app = modules[-1] if modules else {}
    if app.get('buildsystem') != 'meson':
        problems.append('the last module, %s, is not built with meson' % app.get('name'))
    dirs = [s for s in app.get('sources', [])
            if isinstance(s, dict) and s.get('type') == 'dir']
    if not any(os.path.isfile(os.path.join(base, s.get('path', ''), 'meson.build')) and
               os.path.samefile(os.path.join(base, s.get('path', '')),
                                os.path.dirname(os.path.abspath(options_txt)))
               for s in dirs):
        problems.append('the last module does not build this source tree (a dir source at the root)')
    options = meson_option_names(options_txt)
    for opt in app.get('config-opts', []):
        m = re.match(r'^-D([^=]+)=', opt)
        if m and m.group(1) not in options and '.' not in m.group(1) and \
                m.group(1) not in ('buildtype', 'prefix', 'libdir', 'debug', 'optimization',
                                   'b_lto', 'b_ndebug', 'werror', 'warning_level'):
            problems.append('config-opts sets -D%s, which meson_options.txt does not have'
                            % m.group(1))
    tap.check('the last module is the app, built with meson from this tree', problems)

    builder = shutil.which('flatpak-builder')
    if builder:
        p = subprocess.run([builder, '--show-manifest', path], capture_output=True, text=True)
        tap.check('flatpak-builder --show-manifest reads it',
                  [] if p.returncode == 0 else [p.stderr.strip()])
    else:
        tap.n += 1
        print('ok %d - flatpak-builder --show-manifest reads it # SKIP no flatpak-builder' % tap.n)

    tap.finish()


if __name__ == '__main__':
    main()
