; Inno Setup 6 script: the Windows installer for the one-folder build in dist\casefile.
; Run by packaging\build-windows.ps1, which passes the version from casefile.__version__:
;   iscc /DAppVersion=0.1.0 packaging\windows\casefile.iss
; Paths are relative to this file.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z casefile.iss (build-windows.ps1 does)
#endif

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{923A5F42-367F-4695-905D-59A178FC1CA2}
AppName=casefile
AppVersion={#AppVersion}
AppVerName=casefile {#AppVersion}
AppPublisher=casefile contributors
AppCopyright=GPL-3.0-or-later
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\casefile
DefaultGroupName=casefile
DisableProgramGroupPage=yes
; Installs for the current user without administrator rights unless the person chooses
; "for all users" (many volunteers use computers they do not administer).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=casefile-{#AppVersion}-windows-x64-setup
SetupIconFile=..\icons\casefile.ico
UninstallDisplayIcon={app}\casefile-gui.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller folder: casefile.exe (command line), casefile-gui.exe (window),
; and _internal\ with Python, Qt and casefile's resources.
Source: "..\..\dist\casefile\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\casefile"; Filename: "{app}\casefile-gui.exe"
Name: "{autodesktop}\casefile"; Filename: "{app}\casefile-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\casefile-gui.exe"; Description: "{cm:LaunchProgram,casefile}"; Flags: nowait postinstall skipifsilent

; Uninstalling removes the program only. Vaults live in the person's own folders
; (%LOCALAPPDATA%\casefile by default) and are never deleted by the uninstaller.
