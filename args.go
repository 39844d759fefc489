package main

import "flag"

// parseArgs parses flags wherever they are among the arguments, as people
// type them ("inbox approve ID -s blog"), and returns the other arguments
// in order. Everything after "--" is an argument, even if it looks like a
// flag. The flag package alone stops at the first argument.
func parseArgs(flags *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := flags.Parse(args); err != nil {
			return nil, err
		}
		rest := flags.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}
