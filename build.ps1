#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Build, test, run and publish ExVenture.Akka.

.DESCRIPTION
    dotnet tool restore                   # once: brings the pinned PowerShell
    dotnet pwsh build.ps1 <task> [-Filter <expr>]

    Tasks:
      help     (default) list the tasks
      build    dotnet build ExVenture.Akka.sln -c Release
      test     check prerequisites (PostgreSQL server binaries), build, run every test project one at a time,
               then print per-project counts and the totals line "N passed, N failed"
      run      dotnet run --project src/ExVenture.Server (one node, embedded SQLite store, sample world)
      publish  dotnet publish src/ExVenture.Server -c Release -o artifacts/publish
      cluster  a local 3-node cluster on loopback with its own PostgreSQL, until you press Enter
      bench    the benchmark suite (bench/README.md): -Suite all (default) or one of its suites

.PARAMETER Filter
    test only: passed through to `dotnet test --filter`, e.g. -Filter 'FullyQualifiedName~Parser'.

.PARAMETER Suite
    bench only: all (default), players, crowd, closed-loop, signin, memory, nagle, failover, worldwide or journal.

.EXAMPLE
    dotnet pwsh build.ps1 test -Filter 'FullyQualifiedName~ExVenture.Domain.Tests'
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('help', 'build', 'test', 'run', 'publish', 'cluster', 'bench')]
    [string] $Task = 'help',

    [string] $Filter,

    [ValidateSet('all', 'players', 'crowd', 'closed-loop', 'signin', 'memory', 'nagle', 'failover', 'journal')]
    [string] $Suite = 'all'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# Native commands report failure through $LASTEXITCODE, which every call below checks itself.
$PSNativeCommandUseErrorActionPreference = $false

$Solution       = 'ExVenture.Akka.sln'
$ServerProject  = 'src/ExVenture.Server'
$Configuration  = 'Release'
$TestResultsDir = Join-Path $PSScriptRoot 'artifacts/test-results'
$PublishDir     = Join-Path $PSScriptRoot 'artifacts/publish'
# A single test silent for this long is treated as hung: its test host is killed and the run reported as failed.
$TestHangTimeout = '15m'

# What `test` needs besides the .NET SDK. One line per prerequisite:
#   Name  what it is;  Path  a path or wildcard that exists once installed;  Apt  the Debian package providing it;
#   UnlessSet  (optional) an environment variable that, when set, makes the prerequisite unnecessary.
$Prerequisites = @(
    # The tests start throwaway PostgreSQL servers from these binaries, unless EXVENTURE_TEST_POSTGRES names a server.
    @{ Name = 'PostgreSQL server binaries (initdb)'; Path = '/usr/lib/postgresql/*/bin/initdb'; Apt = 'postgresql'; UnlessSet = 'EXVENTURE_TEST_POSTGRES' }
    # The browser tests drive the machine's Chromium with Playwright (never a downloaded browser).
    @{ Name = 'Chromium (browser tests)'; Path = '/usr/bin/chromium'; Apt = 'chromium' }
)

# ---------------------------------------------------------------- helpers

function Write-Step([string] $Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

# Runs a native command and throws when it exits non-zero.
function Invoke-Native {
    param(
        [Parameter(Mandatory)] [string] $Command,
        [string[]] $Arguments = @()
    )
    Write-Host "> $Command $($Arguments -join ' ')" -ForegroundColor DarkGray
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Get-MissingPrerequisites {
    $Prerequisites |
        Where-Object { -not ($_['UnlessSet'] -and [Environment]::GetEnvironmentVariable($_['UnlessSet'])) } |
        Where-Object { -not (Test-Path -Path $_.Path) }
}

function Test-CanInstallWithApt {
    $IsLinux -and [Environment]::IsPrivilegedProcess -and [bool](Get-Command apt-get -CommandType Application -ErrorAction Ignore)
}

# Installs what is missing with apt when running as root on Linux; otherwise fails with the command to run.
function Assert-Prerequisites {
    $missing = @(Get-MissingPrerequisites)
    if ($missing.Count -eq 0) {
        Write-Host 'Prerequisites: all present (or not needed).'
        return
    }

    $packages = @($missing | ForEach-Object Apt | Sort-Object -Unique)
    $names = ($missing | ForEach-Object Name) -join ', '
    if (-not (Test-CanInstallWithApt)) {
        throw ("Missing: $names. Install with:`n" +
            "    sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y $($packages -join ' ')")
    }

    Write-Step "Installing $($packages -join ' ') with apt (missing: $names)"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get @('update')
    Invoke-Native apt-get (@('install', '-y') + $packages)
    # Debian's postgresql package may create and start a default cluster; the tests start their own server and ignore it.

    $stillMissing = @(Get-MissingPrerequisites)
    if ($stillMissing.Count -gt 0) {
        throw "Still missing after apt-get install: $(($stillMissing | ForEach-Object { "$($_.Name) ($($_.Path))" }) -join ', ')"
    }
}

# The test project a TRX file belongs to: from a test's code base, else from the run messages, else the file name.
function Get-TrxProjectName([xml] $Trx, [IO.FileInfo] $File) {
    $codeBase = $Trx.SelectSingleNode("//*[local-name()='TestMethod']/@codeBase")
    if ($codeBase) { return [IO.Path]::GetFileNameWithoutExtension($codeBase.Value) }
    foreach ($text in $Trx.SelectNodes("//*[local-name()='RunInfo']/*[local-name()='Text']")) {
        if ($text.InnerText -match '([^\s/\\]+)\.dll') { return $Matches[1] }
    }
    $File.BaseName
}

# Reads every TRX file under the results folder into one summary row per test project.
function Read-TestResults([string] $Directory) {
    $rows = foreach ($file in Get-ChildItem -LiteralPath $Directory -Filter '*.trx' -File -ErrorAction Ignore) {
        $trx = [xml][IO.File]::ReadAllText($file.FullName)   # LiteralPath-safe: names may contain [1]
        $outcomes = @($trx.SelectNodes("//*[local-name()='UnitTestResult']") | ForEach-Object { $_.GetAttribute('outcome') })
        $failedTests = @($trx.SelectNodes("//*[local-name()='UnitTestResult']") |
            Where-Object { $_.GetAttribute('outcome') -notin 'Passed', 'NotExecuted' } |
            ForEach-Object { $_.GetAttribute('testName') })
        # Run-level errors (test host crash, hang timeout, xunit catastrophic failure), leaving out xunit's echo
        # of each failed test ("... [FAIL]"). A run that went wrong with no failed test still counts as one failure.
        $runErrors = @($trx.SelectNodes("//*[local-name()='RunInfo'][@outcome='Error']/*[local-name()='Text']") |
            ForEach-Object { $_.InnerText.Trim() } | Where-Object { $_ -notmatch '\[FAIL\]$' })
        $runOutcome = $trx.SelectSingleNode("//*[local-name()='ResultSummary']/@outcome")
        $runFailed = $failedTests.Count -eq 0 -and
            ($runErrors.Count -gt 0 -or ($runOutcome -and $runOutcome.Value -in 'Failed', 'Aborted', 'Error', 'Timeout'))
        [pscustomobject]@{
            Project     = Get-TrxProjectName $trx $file
            Passed      = @($outcomes | Where-Object { $_ -eq 'Passed' }).Count
            Skipped     = @($outcomes | Where-Object { $_ -eq 'NotExecuted' }).Count
            Failed      = $failedTests.Count + [int]$runFailed
            FailedTests = $failedTests
            RunErrors   = $runErrors
        }
    }
    # Normally one file per project; merge in case a project produced several.
    foreach ($group in @($rows) | Where-Object { $_ } | Group-Object Project | Sort-Object Name) {
        [pscustomobject]@{
            Project     = $group.Name
            Passed      = [int]($group.Group | Measure-Object Passed -Sum).Sum
            Skipped     = [int]($group.Group | Measure-Object Skipped -Sum).Sum
            Failed      = [int]($group.Group | Measure-Object Failed -Sum).Sum
            FailedTests = @($group.Group | ForEach-Object FailedTests)
            RunErrors   = @($group.Group | ForEach-Object RunErrors)
        }
    }
}

# The last line the test task prints, parsed by CI: exactly "N passed, N failed".
function Write-Totals([int] $Passed, [int] $Failed) {
    Write-Host "$Passed passed, $Failed failed"
}

# ---------------------------------------------------------------- tasks

function Invoke-Help {
    Write-Host @'
Usage: dotnet pwsh build.ps1 <task> [-Filter <expr>] [-Suite <name>]

  help      this list (default)
  build     dotnet build ExVenture.Akka.sln -c Release
  test      check prerequisites (PostgreSQL; installed with apt when run as root), build, run the test
            projects one at a time with TRX results in artifacts/test-results/, print per-project counts and
            the totals "N passed, N failed"; exits non-zero if a test failed or none ran.
            -Filter <expr> is passed to dotnet test --filter.
  run       dotnet run --project src/ExVenture.Server (one node, embedded SQLite store, sample world)
  publish   dotnet publish src/ExVenture.Server -c Release -o artifacts/publish
  cluster   three nodes on loopback (http://localhost:4001-4003, remoting 4051-4053, operator 9111-9113) sharing a local
            PostgreSQL (port 55440, data in artifacts/cluster/); logs in artifacts/cluster/node-N.log;
            press Enter to stop everything
  bench     the benchmark suite against a durable throwaway PostgreSQL (prerequisites as for test);
            -Suite all (default; about 45 minutes) or players, crowd, closed-loop, signin, memory, nagle,
            failover, worldwide, journal. Figures in artifacts/bench/; bench/README.md says what each measures.

First time: dotnet tool restore (provides `dotnet pwsh`).
'@
}

function Invoke-Build {
    Write-Step "Building $Solution ($Configuration)"
    Invoke-Native dotnet @('build', $Solution, '-c', $Configuration)
}

function Invoke-Run {
    Write-Step "Running $ServerProject"
    Invoke-Native dotnet @('run', '--project', $ServerProject)
}

function Invoke-Bench {
    Assert-Prerequisites
    Write-Step "Benchmark suite: $Suite"
    Invoke-Native dotnet @('run', '-c', $Configuration, '--project', 'bench/ExVenture.Benchmarks', '--', $Suite)
}

function Invoke-Publish {
    Write-Step "Publishing $ServerProject to $PublishDir"
    Invoke-Native dotnet @('publish', $ServerProject, '-c', $Configuration, '-o', $PublishDir)
}

function Invoke-Test {
    # Anything that stops us before the tests run counts as one failure, so CI always gets a totals line.
    try {
        Write-Step 'Checking prerequisites'
        Assert-Prerequisites
        Invoke-Build
    }
    catch {
        Write-Host "ERROR: $($_.Exception.Message)" -ForegroundColor Red
        Write-Totals 0 1
        exit 1
    }

    if (Test-Path -LiteralPath $TestResultsDir) { Remove-Item -LiteralPath $TestResultsDir -Recurse -Force }

    # -m:1 runs the test projects one after another: the machine has two cores and the end-to-end tests
    # start servers and PostgreSQL. The build above already used both cores, hence --no-build here.
    $arguments = @(
        'test', $Solution, '-c', $Configuration, '--no-build', '-m:1',
        '--logger', 'trx', '--results-directory', $TestResultsDir,
        '--blame-hang-timeout', $TestHangTimeout, '--blame-hang-dump-type', 'none'
    )
    if ($Filter) { $arguments += @('--filter', $Filter) }

    Write-Step 'Running tests'
    Write-Host "> dotnet $($arguments -join ' ')" -ForegroundColor DarkGray
    & dotnet @arguments
    $testExitCode = $LASTEXITCODE

    $results = @(Read-TestResults $TestResultsDir)
    $passed  = [int]($results | Measure-Object Passed -Sum).Sum
    $failed  = [int]($results | Measure-Object Failed -Sum).Sum
    $skipped = [int]($results | Measure-Object Skipped -Sum).Sum

    Write-Host ''
    Write-Step "Test results ($TestResultsDir)"
    foreach ($row in $results) {
        Write-Host ('  {0,-32} {1,5} passed, {2,4} failed, {3,4} skipped' -f $row.Project, $row.Passed, $row.Failed, $row.Skipped)
        foreach ($name in $row.FailedTests) { Write-Host "      FAILED  $name" -ForegroundColor Red }
        foreach ($text in $row.RunErrors)   { Write-Host "      ERROR   $text" -ForegroundColor Red }
    }
    if ($testExitCode -ne 0 -and $failed -eq 0) {
        Write-Host "  dotnet test exited with code $testExitCode but no TRX file records a failure; counted as one failure." -ForegroundColor Red
        $failed = 1
    }
    if ($passed + $failed -eq 0) {
        Write-Host '  No test ran.' -ForegroundColor Red
    }
    if ($skipped -gt 0) { Write-Host "  ($skipped skipped)" }

    Write-Totals $passed $failed
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

# Runs a PostgreSQL binary; as root, as the postgres user (initdb refuses root).
function Invoke-Postgres([string] $Tool, [string[]] $Arguments) {
    $bin = Split-Path (Get-Item '/usr/lib/postgresql/*/bin/initdb' | Sort-Object FullName | Select-Object -Last 1).FullName
    if ([Environment]::IsPrivilegedProcess) {
        Invoke-Native runuser (@('-u', 'postgres', '--', (Join-Path $bin $Tool)) + $Arguments)
    }
    else {
        Invoke-Native (Join-Path $bin $Tool) $Arguments
    }
}

function Invoke-Cluster {
    $nodes = 1..3
    $pgPort = 55440
    $root = Join-Path $PSScriptRoot 'artifacts/cluster'
    $pgData = Join-Path $root 'postgres'

    Assert-Prerequisites
    Write-Step "Building $ServerProject"
    Invoke-Native dotnet @('build', $ServerProject, '-c', $Configuration)
    $server = Join-Path $PSScriptRoot "src/ExVenture.Server/bin/$Configuration/net10.0/ExVenture.Server.dll"

    New-Item -ItemType Directory -Force -Path $root | Out-Null
    if ([Environment]::IsPrivilegedProcess) { Invoke-Native chown @('postgres', $root) }
    if (-not (Test-Path (Join-Path $pgData 'PG_VERSION'))) {
        Write-Step "Creating a PostgreSQL cluster in $pgData"
        Invoke-Postgres initdb @('-D', $pgData, '-A', 'trust', '-U', 'postgres')
    }
    Write-Step "Starting PostgreSQL on 127.0.0.1:$pgPort"
    Invoke-Postgres pg_ctl @('-D', $pgData, '-l', (Join-Path $root 'postgres.log'), '-w', 'start',
        '-o', "-p $pgPort -k $root -c listen_addresses=127.0.0.1")

    $processes = @()
    try {
        $env:ASPNETCORE_ENVIRONMENT = 'Production'
        $env:DATABASE_URL = "postgres://postgres@127.0.0.1:$pgPort/postgres"
        $env:SECRET_KEY_BASE = 'local-cluster-secret-key-base-not-for-production-0123456789'
        $env:HOST = 'localhost'
        $env:CLUSTER_HOST = '127.0.0.1'
        $env:CLUSTER_SEEDS = '127.0.0.1:4051'
        Write-Step 'Migrating the database'
        Invoke-Native dotnet @($server, 'migrate')

        foreach ($n in $nodes) {
            $env:PORT = "400$n"
            $env:CLUSTER_PORT = "405$n"
            $env:OPERATOR_PORT = "911$n"
            $log = Join-Path $root "node-$n.log"
            $processes += Start-Process dotnet -ArgumentList @($server) -RedirectStandardOutput $log -RedirectStandardError "$log.err" -PassThru
            Write-Host "  node ${n}: http://localhost:400$n  (remoting 127.0.0.1:405$n, operator 127.0.0.1:911$n, log $log)"
        }

        Write-Step 'Waiting until every node sees three members'
        $deadline = (Get-Date).AddSeconds(90)
        foreach ($n in $nodes) {
            while ($true) {
                try { $health = Invoke-RestMethod "http://localhost:400$n/healthz" -TimeoutSec 2 } catch { $health = $null }
                if ($health -and $health.members -eq $nodes.Count) { break }
                if ((Get-Date) -gt $deadline) { throw "node $n did not see $($nodes.Count) members in time; see its log." }
                Start-Sleep -Milliseconds 500
            }
        }
        Write-Host 'The cluster is up. Play on any node; stop one gracefully with kill -TERM <pid>, or crash it with kill -KILL <pid>.'
        Write-Host "Operate it with pbm (the token derives from SECRET_KEY_BASE, set in this shell's children):"
        Write-Host "  SECRET_KEY_BASE=$($env:SECRET_KEY_BASE) dotnet run --project src/ExVenture.Pbm -- 127.0.0.1:9111 cluster show"
        Write-Host ("  pids: " + (($processes | ForEach-Object Id) -join ', '))
        Read-Host 'Press Enter to stop the cluster' | Out-Null
    }
    finally {
        Write-Step 'Stopping the nodes (SIGTERM) and PostgreSQL'
        foreach ($process in $processes) {
            if (-not $process.HasExited) { & kill -TERM $process.Id }
        }
        foreach ($process in $processes) { $process.WaitForExit(60000) | Out-Null }
        Invoke-Postgres pg_ctl @('-D', $pgData, '-m', 'fast', '-w', 'stop')
    }
}

# ---------------------------------------------------------------- main

Push-Location $PSScriptRoot
try {
    switch ($Task) {
        'help'    { Invoke-Help }
        'build'   { Invoke-Build }
        'test'    { Invoke-Test }
        'run'     { Invoke-Run }
        'publish' { Invoke-Publish }
        'cluster' { Invoke-Cluster }
        'bench'   { Invoke-Bench }
    }
}
finally {
    Pop-Location
}
