using System.CommandLine;
using Pipeline.Cli;

// Ctrl+C or SIGTERM cancels the command's token and, for `serve`, lets the step in progress finish (a publish is not
// abandoned half way). System.CommandLine's default would end the process two seconds after the signal whatever it was
// doing; a night's run takes longer than that, so the process is given as long as a run needs.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(10) };
return await Commands.Build().Parse(args).InvokeAsync(invocation);
