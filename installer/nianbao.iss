;;; 年报助手 — Windows installer (Inno Setup 6; also compiles with Inno Setup 7).
;;;
;;; Per-user install that needs NO administrator rights: PrivilegesRequired=lowest puts the
;;; program in %LOCALAPPDATA%\Programs\年报助手 ({autopf} in non-administrative mode), the
;;; shortcuts in the user's Start menu and desktop, the uninstall entry under HKCU. IT staff
;;; can still install for all users from the command line with /ALLUSERS (as administrator).
;;;
;;; Input: the PyInstaller bundle dist\nianbao\ (installer\nianbao.spec). Build from the
;;; repository root:
;;;     iscc /DAppVersion=0.1.0 installer\nianbao.iss
;;; Output: dist\nianbao-<version>-setup.exe. Without /DAppVersion the version is read from
;;; the version resource that the spec writes into nianbao.exe (from pyproject.toml).
;;;
;;; Upgrades: the AppId below never changes, so a newer installer finds the old one, installs
;;; into the same folder (the folder page is skipped), closes a running 年报助手 through the
;;; Windows Restart Manager (asking first), deletes the old _internal\ folder so no stale
;;; library survives, and replaces the files. Uninstall removes the program folder, the
;;; shortcuts and the program's settings; the user's reports (saved wherever the user chose,
;;; usually Documents) and autosaved recovery copies are never touched.
;;;
;;; Messages: Inno Setup's English Default.isl overlaid with installer\nianbao-zh_CN.isl (our
;;; own Chinese text, in the repository, so building needs no download).

#define AppName "年报助手"
#define AppExeName "nianbao.exe"
#define BundleDir AddBackslash(SourcePath) + "..\dist\nianbao"
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(BundleDir + "\" + AppExeName)
#endif
#if AppVersion == ""
  #error "No version: pass /DAppVersion=x.y.z or build dist\nianbao first"
#endif

[Setup]
; Never change this GUID: it is how an upgrade finds the installed version.
AppId={{6B1F3C52-9D47-4E8A-B2C1-5A0E7D93F4A6}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
AppComments=政府信息公开工作年度报告的填报、检查与打印
VersionInfoDescription={#AppName} 安装程序
VersionInfoProductName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\{#AppName}
UsePreviousAppDir=yes
DisableDirPage=auto
DisableProgramGroupPage=yes
DisableWelcomePage=no
DisableReadyPage=no
ShowLanguageDialog=no
; PySide6 6.x runs on 64-bit Windows 10 and later only.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; relative paths in [Setup] and [Files] are relative to this script's folder
OutputDir=..\dist
OutputBaseFilename=nianbao-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
#if FileExists(AddBackslash(SourcePath) + "..\resources\icons\nianbao.ico")
SetupIconFile=..\resources\icons\nianbao.ico
#endif
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
; Close a running copy (files in use) via the Restart Manager; do not restart it afterwards.
CloseApplications=yes
CloseApplicationsFilter=*.exe,*.dll,*.pyd
RestartApplications=no
SetupLogging=yes

[Languages]
Name: "chs"; MessagesFile: "compiler:Default.isl,nianbao-zh_CN.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; an upgrade must not keep libraries of the previous version
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "政府信息公开工作年度报告"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "政府信息公开工作年度报告"; Tasks: desktopicon

[Registry]
; QSettings("nianbao", "nianbao-zhushou"): window layout and recent files, not documents.
Root: HKCU; Subkey: "Software\nianbao\nianbao-zhushou"; Flags: uninsdeletekey dontcreatekey
Root: HKCU; Subkey: "Software\nianbao"; Flags: uninsdeletekeyifempty dontcreatekey

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; files the program may have created next to itself (none expected), then the folder
Type: filesandordirs; Name: "{app}\_internal"
Type: dirifempty; Name: "{app}"
